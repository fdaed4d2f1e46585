import { z } from 'zod';

/** What the check screen measured, handed to main for the diagnostics file IT receives. */
export const checkResultsSchema = z.object({
	server: z.object({ reachable: z.boolean(), roundTripMs: z.number().optional(), clockSkewMs: z.number().optional() }).optional(),
	media: z
		.object({ path: z.enum(['udp', 'tcp']), roundTripMs: z.number(), uploadKbps: z.number(), lossPercent: z.number(), udpBlocked: z.boolean(), verdict: z.string().max(32) })
		.optional(),
	mediaError: z.string().max(500).optional(),
	toneHeard: z.boolean().optional(),
	devices: z.object({ cameras: z.number().int(), microphones: z.number().int() }).optional(),
});
export type CheckResults = z.infer<typeof checkResultsSchema>;
