import type { Consultation } from '@consultdesk/protocol';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig, BridgeEventPayload, TerminalStatus } from '../shared/bridge.js';
import type { TerminalSetup } from '../shared/terminal-config.js';
import { DeviceChooserDialog } from './components/DeviceChooserDialog.js';
import { ErrorBanner } from './components/ErrorBanner.js';
import { ConsultationClient, type CloseReason } from './consultation/consultation-client.js';
import { getBridge } from './platform/bridge.js';
import { resolveConsultationLink, type LinkOutcome } from './records/consultation-link.js';
import { AccountBar } from './screens/AccountBar.js';
import { AdminOverview } from './screens/AdminOverview.js';
import { ClinicHome } from './screens/ClinicHome.js';
import { CheckScreen } from './screens/CheckScreen.js';
import { ClinicTerminal } from './screens/ClinicTerminal.js';
import { ExpertConsole } from './screens/ExpertConsole.js';
import { ExpertHome } from './screens/ExpertHome.js';
import { SetupScreen } from './screens/SetupScreen.js';
import { SignInScreen } from './screens/SignInScreen.js';
import { useEmitterState } from './screens/use-emitter-state.js';
import type { SignOutReason } from './session/auth-session.js';
import { OfflineCache } from './session/offline-cache.js';
import { windowActivity } from './session/user-activity.js';
import { Workspace } from './session/workspace.js';

/** Not set up: the setup screen. Signed out: the sign-in screen. Signed in: the account's home, or the consultation it joined. */
export function App() {
	const [terminal, setTerminal] = useState<TerminalStatus>();
	const [configError, setConfigError] = useState<unknown>();
	const [savingSetup, setSavingSetup] = useState(false);
	const config: AppConfig | undefined = terminal?.status === 'configured' ? terminal.config : undefined;
	const [cache] = useState(() => new OfflineCache());
	const [workspace, setWorkspace] = useState<Workspace>();
	const [signingIn, setSigningIn] = useState(false);
	const [signInError, setSignInError] = useState<unknown>();
	const [signedOut, setSignedOut] = useState<SignOutReason>();
	// A consultdesk:// link waits here until an account is signed in and on its home screen.
	const [link, setLink] = useState<BridgeEventPayload<'consultationLink'>>();
	const [update, setUpdate] = useState<BridgeEventPayload<'updateReady'>>();

	useEffect(() => {
		getBridge().getTerminalStatus().then(setTerminal, setConfigError);
	}, []);
	useEffect(() => getBridge().onConsultationLink((opened) => setLink({ ...opened })), []);
	useEffect(() => getBridge().onUpdateReady(setUpdate), []);

	useEffect(() => {
		if (!workspace) return;
		const onSignedOut = (reason: SignOutReason, error: unknown) => {
			setWorkspace(undefined);
			setSignedOut(reason);
			setSignInError(error);
		};
		workspace.on('signed-out', onSignedOut);
		return () => void workspace.off('signed-out', onSignedOut);
	}, [workspace]);

	async function signIn(username: string, password: string): Promise<void> {
		if (!config) return;
		setSigningIn(true);
		setSignInError(undefined);
		setSignedOut(undefined);
		try {
			setWorkspace(await Workspace.signIn({ serverUrl: config.serverUrl, username, password, cache, activity: windowActivity() }));
		} catch (error) {
			setSignInError(error);
		} finally {
			setSigningIn(false);
		}
	}

	async function saveSetup(setup: TerminalSetup): Promise<void> {
		setSavingSetup(true);
		setConfigError(undefined);
		try {
			const status = await getBridge().saveTerminalSetup(setup);
			// The page's Content-Security-Policy names its server: load it again under the new one.
			if (status.status === 'configured') window.location.reload();
			else setTerminal(status);
		} catch (error) {
			setConfigError(error);
		} finally {
			setSavingSetup(false);
		}
	}

	let screen;
	if (terminal && terminal.status !== 'configured') {
		screen = <SetupScreen status={terminal} onSave={(setup) => void saveSetup(setup)} busy={savingSetup} error={configError} />;
	} else if (!workspace) {
		screen = <SignInScreen onSignIn={(u, p) => void signIn(u, p)} busy={signingIn || !config} error={signInError ?? configError} signedOut={signedOut} />;
	} else {
		screen = <SignedIn workspace={workspace} serverUrl={config?.serverUrl ?? ''} link={link} onLinkTaken={() => setLink(undefined)} update={update} onUpdateSeen={() => setUpdate(undefined)} />;
	}
	return (
		<>
			{!workspace && <UpdateReadyNotice update={update} onDismiss={() => setUpdate(undefined)} />}
			{screen}
			<DeviceChooserDialog />
		</>
	);
}

/** An update waiting for the app to quit; shown outside consultations only. */
function UpdateReadyNotice({ update, onDismiss }: { update: BridgeEventPayload<'updateReady'> | undefined; onDismiss: () => void }) {
	const { t } = useTranslation();
	if (!update) return null;
	return (
		<div className="page-notice" role="status" data-testid="update-ready">
			<span>{t('update.ready', { version: update.version })}</span>
			<button type="button" className="secondary" onClick={onDismiss}>
				{t('common.dismiss')}
			</button>
		</div>
	);
}

interface SignedInProps {
	workspace: Workspace;
	serverUrl: string;
	link: BridgeEventPayload<'consultationLink'> | undefined;
	onLinkTaken: () => void;
	update: BridgeEventPayload<'updateReady'> | undefined;
	onUpdateSeen: () => void;
}

type View = { name: 'home' } | { name: 'check' } | { name: 'consultation'; client: ConsultationClient; consultation: Consultation };

function SignedIn({ workspace, serverUrl, link, onLinkTaken, update, onUpdateSeen }: SignedInProps) {
	const { t } = useTranslation();
	const [view, setView] = useState<View>({ name: 'home' });
	const [joining, setJoining] = useState<string>();
	const [joinError, setJoinError] = useState<unknown>();
	const [closedReason, setClosedReason] = useState<CloseReason>();
	const [linkNotice, setLinkNotice] = useState<Exclude<LinkOutcome, { kind: 'join' }>>();
	const connection = useEmitterState(workspace.connection, 'status', () => workspace.connection.status);
	const account = useEmitterState(workspace.session, 'change', () => workspace.session.account);

	// A doctor in a consultation may watch and listen for a long time without touching anything.
	useEffect(() => (view.name === 'consultation' ? workspace.session.pauseIdleLogout() : undefined), [view, workspace]);
	// Main holds back update checks meanwhile: the link's bandwidth is the consultation's.
	useEffect(() => {
		if (view.name !== 'consultation') return;
		// Best effort: if main cannot be told, an update may download during the consultation, nothing worse.
		const tell = (inConsultation: boolean) => void getBridge().setInConsultation(inConsultation).catch(() => undefined);
		tell(true);
		return () => tell(false);
	}, [view.name]);

	useEffect(() => {
		if (view.name !== 'consultation') return;
		const backHome = (reason: CloseReason) => {
			// After a drop the devices measure on into the outbox; an ended consultation has nothing more to measure.
			if (reason === 'consultation-ended') workspace.vitals?.stop();
			setView({ name: 'home' });
			if (reason !== 'left') setClosedReason(reason);
		};
		view.client.on('closed', backHome);
		return () => void view.client.off('closed', backHome);
	}, [view, workspace]);

	async function join(consultation: Consultation): Promise<void> {
		setJoining(consultation.consultationId);
		setJoinError(undefined);
		setClosedReason(undefined);
		try {
			const client = await ConsultationClient.join({ socket: workspace.connection.socket, consultationId: consultation.consultationId });
			setView({ name: 'consultation', client, consultation });
		} catch (error) {
			setJoinError(error);
		} finally {
			setJoining(undefined);
		}
	}

	// A link opens its consultation from the home screen only: never in the middle of another one.
	const openLink = useEffectEvent((consultationId: string) => {
		onLinkTaken();
		resolveConsultationLink(() => workspace.session.authorized((token) => workspace.api.consultation(token, consultationId))).then((outcome) => {
			if (outcome.kind === 'join') void join(outcome.consultation);
			else setLinkNotice(outcome);
		}, setJoinError);
	});
	useEffect(() => {
		if (link && view.name === 'home' && !joining) openLink(link.consultationId);
	}, [link, view.name, joining]);

	const leave = () => {
		workspace.vitals?.stop();
		if (view.name === 'consultation') void view.client.close();
		setView({ name: 'home' });
	};

	if (view.name === 'consultation') {
		const { client, consultation } = view;
		if (client.role === 'clinic' && workspace.vitals) {
			return (
				<ClinicTerminal
					client={client}
					consultation={consultation}
					clinicVitals={workspace.vitals}
					outbox={workspace.outbox}
					bluetooth={workspace.bluetooth}
					attachments={workspace.attachments}
					connection={workspace.connection}
					onLeave={leave}
				/>
			);
		}
		return (
			<ExpertConsole
				client={client}
				consultation={consultation}
				onLeave={leave}
				onEnd={client.role === 'expert' ? (summary) => workspace.actions.end(consultation.consultationId, summary) : undefined}
				attachments={{ connection: workspace.connection, fetchContent: (id) => workspace.session.authorized((token) => workspace.api.attachmentContent(token, id)) }}
			/>
		);
	}

	if (view.name === 'check') {
		return (
			<div className="signed-in">
				<AccountBar account={account} connection={connection} onSignOut={() => void workspace.signOut()} />
				<CheckScreen workspace={workspace} serverUrl={serverUrl} onBack={() => setView({ name: 'home' })} />
			</div>
		);
	}

	const homeProps = { workspace, onJoin: (c: Consultation) => void join(c), joining };
	return (
		<div className="signed-in">
			<AccountBar account={account} connection={connection} onSignOut={() => void workspace.signOut()} onCheck={() => setView({ name: 'check' })} />
			{closedReason && (
				<div className={closedReason === 'consultation-ended' ? 'page-notice' : 'page-notice warning-notice'} role="status" data-testid="consultation-closed" data-reason={closedReason}>
					<span>{t(`consultation.closed.${closedReason}`)}</span>
					<button type="button" className="secondary" onClick={() => setClosedReason(undefined)}>
						{t('common.dismiss')}
					</button>
				</div>
			)}
			{linkNotice && (
				<div className="page-notice warning-notice" role="status" data-testid="link-notice" data-kind={linkNotice.kind}>
					<span>{linkNotice.kind === 'not-open' ? t('links.notOpen', { state: t(`states.${linkNotice.state}`) }) : t('links.notAvailable')}</span>
					<button type="button" className="secondary" onClick={() => setLinkNotice(undefined)}>
						{t('common.dismiss')}
					</button>
				</div>
			)}
			<UpdateReadyNotice update={update} onDismiss={onUpdateSeen} />
			<ErrorBanner error={joinError} onDismiss={() => setJoinError(undefined)} />
			{account.role === 'clinic-doctor' && workspace.patients && <ClinicHome {...homeProps} patients={workspace.patients} />}
			{account.role === 'expert' && workspace.experts && <ExpertHome {...homeProps} experts={workspace.experts} />}
			{account.role === 'admin' && workspace.experts && <AdminOverview {...homeProps} experts={workspace.experts} />}
		</div>
	);
}
