import { EMPTY_AUSCULTATION_STATE, type AuscultationState } from '@consultdesk/protocol';
import { EventEmitter } from 'eventemitter3';
import { describe, expect, it } from 'vitest';
import type { SignalingSocket } from '../session/signaling-connection.js';
import { AuscultationSites } from './auscultation-sites.js';

/** Just enough of a socket: requests answered by `answer`, notifications pushed with `notify`. */
function fakeSocket(answer: (event: string, payload: unknown) => unknown) {
	const bus = new EventEmitter();
	const sent: [string, unknown][] = [];
	const socket = {
		on: (event: string, listener: (payload: unknown) => void) => bus.on(event, listener),
		off: (event: string, listener: (payload: unknown) => void) => bus.off(event, listener),
		timeout: () => ({
			emitWithAck: async (event: string, payload: unknown) => {
				sent.push([event, payload]);
				return answer(event, payload);
			},
		}),
	};
	return { socket: socket as unknown as SignalingSocket, sent, notify: (payload: unknown) => bus.emit('auscultation:changed', payload), listeners: () => bus.listenerCount('auscultation:changed') };
}

const marked = (site: AuscultationState['site']): AuscultationState => ({ site, siteSetAt: 1, requested: null });

describe('AuscultationSites', () => {
	it('starts from the room’s state, then follows notifications', async () => {
		const { socket, notify } = fakeSocket(() => ({ ok: true, data: { state: marked('aortic') } }));
		const sites = new AuscultationSites(socket, 'expert');
		await sites.ready;
		expect(sites.state.site).toBe('aortic');
		notify({ site: 'mitral', siteSetAt: 2, requested: null });
		expect(sites.state.site).toBe('mitral');
		expect(sites.canRequest).toBe(true);
		expect(sites.canMark).toBe(false);
	});

	it('sends the clinic’s mark and an expert’s request as the protocol says', async () => {
		const { socket, sent } = fakeSocket((event, payload) => ({ ok: true, data: { state: event === 'auscultation:site' ? marked((payload as { site: 'mitral' }).site) : EMPTY_AUSCULTATION_STATE } }));
		const clinic = new AuscultationSites(socket, 'clinic');
		await clinic.mark('tricuspid');
		expect(clinic.state.site).toBe('tricuspid');
		await new AuscultationSites(socket, 'expert').request('mitral');
		expect(sent).toContainEqual(['auscultation:site', { site: 'tricuspid' }]);
		expect(sent).toContainEqual(['auscultation:requestSite', { site: 'mitral' }]);
	});

	it('reports a malformed notification or a refusal as a problem and keeps its state', async () => {
		const { socket, notify } = fakeSocket((event) =>
			event === 'auscultation:state' ? { ok: true, data: { state: marked('pulmonic') } } : { ok: false, error: { code: 'FORBIDDEN', message: 'only the clinic marks' } },
		);
		const sites = new AuscultationSites(socket, 'expert');
		await sites.ready;
		const problems: string[] = [];
		sites.on('problem', (e) => problems.push(e.code));
		notify({ site: 'left-knee' });
		await sites.mark('aortic');
		expect(problems).toEqual(['INVALID_PAYLOAD', 'FORBIDDEN']);
		expect(sites.state.site).toBe('pulmonic');
	});

	it('stops listening when closed', async () => {
		const fake = fakeSocket(() => ({ ok: true, data: { state: EMPTY_AUSCULTATION_STATE } }));
		const sites = new AuscultationSites(fake.socket, 'clinic');
		expect(fake.listeners()).toBe(1);
		sites.close();
		expect(fake.listeners()).toBe(0);
	});
});
