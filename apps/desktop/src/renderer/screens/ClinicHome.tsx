import type { PatientHistory } from '@consultdesk/protocol';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentBacklogNotice } from '../components/AttachmentBacklogNotice.js';
import { ConsultationCard } from '../components/ConsultationCard.js';
import { ClinicVitalsStatus } from '../components/ClinicVitalsStatus.js';
import { ErrorBanner } from '../components/ErrorBanner.js';
import { HistorySection } from '../components/HistorySection.js';
import { ListStatus } from '../components/ListStatus.js';
import { PatientHistoryPanel } from '../components/PatientHistoryPanel.js';
import { PatientNameEditor } from '../components/PatientNameEditor.js';
import { RegisterPatientForm } from '../components/RegisterPatientForm.js';
import { RequestConsultationForm } from '../components/RequestConsultationForm.js';
import type { PatientDirectory } from '../records/patient-directory.js';
import { RemoteRecord } from '../records/remote-record.js';
import type { HomeProps } from './home-props.js';
import { useEmitterState } from './use-emitter-state.js';
import { useNow } from './use-now.js';

/**
 * The clinic doctor's home: request a consultation for a patient, follow the
 * open ones until an expert accepts, join, and read the clinic's history.
 */
export function ClinicHome({ workspace, patients, onJoin, joining }: HomeProps & { patients: PatientDirectory }) {
	const { t } = useTranslation();
	const now = useNow();
	const open = useEmitterState(workspace.open, 'change', () => workspace.open.snapshot);
	const directory = useEmitterState(patients, 'change', () => patients.snapshot);
	const [patientId, setPatientId] = useState('');
	const [patientHistory, setPatientHistory] = useState<{ patientId: string; record: RemoteRecord<PatientHistory> }>();
	const [confirmCancel, setConfirmCancel] = useState<string>();
	const [cancelling, setCancelling] = useState<string>();
	const [actionError, setActionError] = useState<unknown>();
	const selected = patients.find(patientId);

	const cancel = async (consultationId: string) => {
		setConfirmCancel(undefined);
		setCancelling(consultationId);
		setActionError(undefined);
		try {
			await workspace.actions.cancel(consultationId);
		} catch (error) {
			setActionError(error);
		} finally {
			setCancelling(undefined);
		}
	};

	const showPatientHistory = (id: string) => {
		const record = new RemoteRecord(() => workspace.session.authorized((token) => workspace.api.patientHistory(token, id)));
		void record.load();
		setPatientHistory({ patientId: id, record });
	};

	return (
		<main className="home clinic-home" data-testid="clinic-home">
			<ErrorBanner error={actionError} onDismiss={() => setActionError(undefined)} />
			{workspace.vitals && (
				<section className="card" aria-label={t('vitals.devicesTitle')}>
					<ClinicVitalsStatus vitals={workspace.vitals} outbox={workspace.outbox} bluetooth={workspace.bluetooth} />
					{workspace.attachments && <AttachmentBacklogNotice outbox={workspace.attachments} />}
				</section>
			)}
			<div className="home-grid">
				<section className="card" aria-labelledby="request-title">
					<h2 id="request-title">{t('clinic.request.title')}</h2>
					<ErrorBanner error={directory.error} />
					<RequestConsultationForm patients={directory.patients} patientNames={directory.names} patientId={patientId} onPatientChange={setPatientId} onRequest={(payload) => workspace.actions.request(payload)} />
					{selected && (
						<div className="selected-patient">
							<PatientNameEditor key={selected.patientId} name={directory.names.get(selected.patientId) ?? ''} onSave={(name) => patients.setName(selected.patientId, name)} />
							<button type="button" className="secondary" data-testid="show-patient-history" onClick={() => showPatientHistory(selected.patientId)}>
								{t('clinic.patients.showHistory')}
							</button>
						</div>
					)}
					<details className="register-patient">
						<summary data-testid="register-patient-toggle">{t('clinic.patients.register')}</summary>
						<RegisterPatientForm onRegister={(details, name) => patients.register(details, name)} onRegistered={(p) => setPatientId(p.patientId)} />
					</details>
				</section>

				<section className="card" aria-labelledby="open-title" data-testid="open-consultations">
					<div className="section-head">
						<h2 id="open-title">{t('clinic.open.title')}</h2>
					</div>
					<ListStatus savedAt={open.savedAt} loading={open.loading} error={open.error} empty={open.consultations.length === 0} />
					{open.consultations.length === 0 && !open.loading ? (
						<p className="muted">{t('clinic.open.empty')}</p>
					) : (
						<ul className="cards">
							{[...open.consultations].reverse().map((c) => (
								<ConsultationCard key={c.consultationId} consultation={c} now={now} patientName={directory.names.get(c.patient.patientId)}>
									{(c.state === 'accepted' || c.state === 'live') && (
										<button type="button" data-testid="join" disabled={joining !== undefined} onClick={() => onJoin(c)}>
											{joining === c.consultationId ? t('consultations.joining') : t('consultations.join')}
										</button>
									)}
									{(c.state === 'requested' || c.state === 'accepted') &&
										(confirmCancel === c.consultationId ? (
											<span className="confirm" role="group" aria-label={t('clinic.open.confirmCancel', { code: c.code })}>
												<span>{t('clinic.open.confirmCancel', { code: c.code })}</span>
												<button type="button" className="danger" data-testid="confirm-cancel" onClick={() => void cancel(c.consultationId)}>
													{t('clinic.open.confirmYes')}
												</button>
												<button type="button" className="secondary" onClick={() => setConfirmCancel(undefined)}>
													{t('clinic.open.keep')}
												</button>
											</span>
										) : (
											<button type="button" className="secondary" data-testid="cancel" disabled={cancelling === c.consultationId} onClick={() => setConfirmCancel(c.consultationId)}>
												{t('clinic.open.cancel')}
											</button>
										))}
								</ConsultationCard>
							))}
						</ul>
					)}
				</section>
			</div>

			{patientHistory && (
				<PatientHistoryPanel
					key={patientHistory.patientId}
					record={patientHistory.record}
					patientName={directory.names.get(patientHistory.patientId)}
					onClose={() => setPatientHistory(undefined)}
				/>
			)}

			<HistorySection history={workspace.history} title={t('clinic.history.title')} table={{ patientNames: directory.names, onShowPatient: showPatientHistory }} />
		</main>
	);
}
