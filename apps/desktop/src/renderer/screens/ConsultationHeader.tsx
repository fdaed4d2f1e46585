import type { PeerInfo } from '@consultdesk/protocol';

export function ConsultationHeader(props: { title: string; code: string; peers: PeerInfo[]; onLeave: () => void }) {
	return (
		<header className="consultation-header">
			<h1>{props.title}</h1>
			<span className="code" data-testid="joined-code">
				Consultation {props.code}
			</span>
			<span className="peers" data-testid="peers">
				{props.peers.length === 0
					? 'Waiting for the other side…'
					: props.peers.map((p) => `${p.displayName} (${p.role})`).join(', ')}
			</span>
			<button type="button" onClick={props.onLeave} data-testid="leave">
				Leave
			</button>
		</header>
	);
}
