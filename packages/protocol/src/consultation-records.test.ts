import { describe, expect, it } from 'vitest';
import { compareQueueOrder } from './consultation-records.js';

describe('compareQueueOrder', () => {
	it('puts emergencies first, then urgent, then routine; within one urgency the longest waiting first', () => {
		const queue = [
			{ id: 'routine-old', urgency: 'routine', requestedAt: '2026-11-01T08:00:00.000Z' },
			{ id: 'urgent-new', urgency: 'urgent', requestedAt: '2026-11-01T09:30:00.000Z' },
			{ id: 'emergency', urgency: 'emergency', requestedAt: '2026-11-01T09:45:00.000Z' },
			{ id: 'urgent-old', urgency: 'urgent', requestedAt: '2026-11-01T09:00:00.000Z' },
		] as const;
		expect([...queue].sort(compareQueueOrder).map((c) => c.id)).toEqual(['emergency', 'urgent-old', 'urgent-new', 'routine-old']);
	});
});
