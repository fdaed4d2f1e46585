import { useEffect, useState } from 'react';
import type { AppConfig } from '../shared/bridge.js';
import { ConsultationClient } from './consultation/consultation-client.js';
import { getBridge } from './platform/bridge.js';
import { ClinicTerminal } from './screens/ClinicTerminal.js';
import { ExpertConsole } from './screens/ExpertConsole.js';
import { StartScreen, type StartChoice } from './screens/StartScreen.js';

type Screen = { name: 'start' } | { name: 'clinic' | 'expert'; client: ConsultationClient };

export function App() {
	const [config, setConfig] = useState<AppConfig>();
	const [screen, setScreen] = useState<Screen>({ name: 'start' });
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState<unknown>();

	useEffect(() => {
		getBridge().getConfig().then(setConfig, setError);
	}, []);

	useEffect(() => {
		if (screen.name === 'start') return;
		const backToStart = (reason: string) => {
			if (reason !== 'left') setError(new Error(`The consultation ended (${reason}).`));
			setScreen({ name: 'start' });
		};
		screen.client.on('closed', backToStart);
		return () => void screen.client.off('closed', backToStart);
	}, [screen]);

	async function join(choice: StartChoice): Promise<void> {
		if (!config) return;
		setBusy(true);
		setError(undefined);
		try {
			const client = await ConsultationClient.join({ serverUrl: config.serverUrl, ...choice });
			setScreen({ name: choice.role, client });
		} catch (e) {
			setError(e);
		} finally {
			setBusy(false);
		}
	}

	const leave = () => {
		if (screen.name !== 'start') void screen.client.close();
		setScreen({ name: 'start' });
	};

	switch (screen.name) {
		case 'start':
			return <StartScreen onJoin={(c) => void join(c)} busy={busy || !config} error={error} />;
		case 'clinic':
			return <ClinicTerminal client={screen.client} onLeave={leave} />;
		case 'expert':
			return <ExpertConsole client={screen.client} onLeave={leave} />;
	}
}
