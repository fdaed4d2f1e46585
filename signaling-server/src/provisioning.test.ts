import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { runProvisioning } from './provisioning.js';
import { signIn, startTestServer, tempDataDir } from './testing/test-server.js';

describe('provisioning commands', () => {
	it('adds a clinic and its doctor, who can then sign in; refuses bad input with a message', async () => {
		const dataDir = tempDataDir();
		const config = loadConfig({}, { dataDir });
		const password = async () => 'a-long-enough-password';
		const clinic = await runProvisioning(config, ['clinics', 'add', '--name', 'Battambang Referral Hospital', '--country', 'KH'], password);
		const clinicId = /^clinic (\S+) /.exec(clinic)![1]!;
		await expect(runProvisioning(config, ['accounts', 'add', '--username', 'Vanna', '--name', 'Dr Vanna', '--role', 'clinic-doctor', '--clinic', clinicId], password)).resolves.toMatch(/account \S+ vanna \(clinic-doctor\)/);
		await expect(runProvisioning(config, ['accounts', 'add', '--username', 'li', '--name', 'Dr Li', '--role', 'expert'], password)).rejects.toThrow(/specialty/);
		await expect(runProvisioning(config, ['accounts', 'add', '--username', 'vanna', '--name', 'Dr V', '--role', 'admin'], password)).rejects.toThrow(/taken/);
		await expect(runProvisioning(config, ['accounts', 'add', '--username', 'xu', '--name', 'X', '--role', 'admin'], async () => 'short')).rejects.toThrow(/10 characters/);
		await expect(runProvisioning(config, ['accounts', 'add', '--username', 'yun', '--name', 'Y', '--role', 'clinic-doctor', '--clinic', 'nope'], password)).rejects.toThrow(/no clinic/);
		await expect(runProvisioning(config, ['accounts', 'remove'], password)).rejects.toThrow(/usage/);
		expect(await runProvisioning(config, ['accounts', 'list'], password)).toMatch(/vanna\tclinic-doctor\tDr Vanna\tBattambang Referral Hospital/);

		const server = await startTestServer({ dataDir, demo: false });
		try {
			expect((await signIn(server, 'vanna', 'a-long-enough-password')).account).toMatchObject({ role: 'clinic-doctor', clinic: { name: 'Battambang Referral Hospital' } });
		} finally {
			await server.close();
		}
	});
});
