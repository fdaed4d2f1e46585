import type { ExpertSummary } from '@consultdesk/protocol';
import { useTranslation } from 'react-i18next';

/** A choice of experts, each with specialties and presence, so nobody is assigned to someone who is away. */
export function ExpertPicker({ label, experts, value, onChange, testId }: { label: string; experts: readonly ExpertSummary[]; value: string; onChange: (accountId: string) => void; testId: string }) {
	const { t } = useTranslation();
	return (
		<label className="field">
			<span>{label}</span>
			<select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} required>
				<option value="">{t('expert.mine.chooseExpert')}</option>
				{experts.map((e) => (
					<option key={e.accountId} value={e.accountId} data-presence={e.presence}>
						{t('expert.mine.expertOption', {
							name: e.displayName,
							specialties: t('common.names', { names: e.specialties.map((s) => t(`specialties.${s}`)) }),
							presence: t(`presence.${e.presence}`),
						})}
					</option>
				))}
			</select>
		</label>
	);
}
