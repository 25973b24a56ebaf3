/** The visual vocabulary every diagram shares: nodes, pods, volumes, arrows, labels. */
export type Phase = 'running' | 'pending' | 'done' | 'failed';

export function NodeBox({ x, y, w, h, label, sub, controlPlane = false }: { x: number; y: number; w: number; h: number; label: string; sub?: string; controlPlane?: boolean }) {
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={10} fill={controlPlane ? 'var(--dg-cp)' : 'var(--dg-node)'} stroke={controlPlane ? 'var(--dg-cp-stroke)' : 'var(--dg-node-stroke)'} strokeWidth={1.5} />
      <text x={x + 12} y={y + 22} fontSize={14} fontWeight={600}>{label}</text>
      {sub && <text x={x + 12} y={y + 40} fontSize={11} className="muted mono">{sub}</text>}
    </g>
  );
}

export function Pod({ x, y, w = 150, h = 34, label, phase = 'running', dashed = false }: { x: number; y: number; w?: number; h?: number; label: string; phase?: Phase; dashed?: boolean }) {
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={17} fill={`var(--dg-${phase}-bg)`} stroke={`var(--dg-${phase})`} strokeWidth={1.6} strokeDasharray={dashed ? '5 4' : undefined} />
      <circle cx={x + 16} cy={y + h / 2} r={5} fill={`var(--dg-${phase})`} />
      <text x={x + 28} y={y + h / 2 + 4} fontSize={11.5} className="mono">{label}</text>
    </g>
  );
}

export function Volume({ x, y, w = 130, label }: { x: number; y: number; w?: number; label: string }) {
  const h = 30;
  return (
    <g>
      <path d={`M${x},${y + 6} a${w / 2},6 0 0,1 ${w},0 v${h - 6} a${w / 2},6 0 0,1 ${-w},0 z`} fill="var(--dg-volume-bg)" stroke="var(--dg-volume)" strokeWidth={1.5} />
      <path d={`M${x},${y + 6} a${w / 2},6 0 0,0 ${w},0`} fill="none" stroke="var(--dg-volume)" strokeWidth={1.5} />
      <text x={x + w / 2} y={y + 25} fontSize={11} textAnchor="middle" className="mono">{label}</text>
    </g>
  );
}

export function Arrow({ id, x1, y1, x2, y2, dashed = false }: { id: string; x1: number; y1: number; x2: number; y2: number; dashed?: boolean }) {
  return <line x1={x1} y1={y1} x2={x2} y2={y2} stroke="var(--dg-line)" strokeWidth={1.6} strokeDasharray={dashed ? '5 4' : undefined} markerEnd={`url(#${id}-arrow)`} />;
}

export function Label({ x, y, children, size = 12, anchor = 'start', muted = false, bold = false, mono = false }: { x: number; y: number; children: string; size?: number; anchor?: 'start' | 'middle' | 'end'; muted?: boolean; bold?: boolean; mono?: boolean }) {
  return (
    <text x={x} y={y} fontSize={size} textAnchor={anchor} fontWeight={bold ? 600 : undefined} className={[muted ? 'muted' : '', mono ? 'mono' : ''].join(' ').trim() || undefined}>
      {children}
    </text>
  );
}

export function Box({ x, y, w, h, title, lines = [], tone = 'node' }: { x: number; y: number; w: number; h: number; title: string; lines?: string[]; tone?: 'node' | 'running' | 'pending' | 'done' | 'failed' | 'volume' | 'cp' }) {
  const fill = tone === 'node' ? 'var(--dg-node)' : tone === 'cp' ? 'var(--dg-cp)' : `var(--dg-${tone}-bg)`;
  const stroke = tone === 'node' ? 'var(--dg-node-stroke)' : tone === 'cp' ? 'var(--dg-cp-stroke)' : `var(--dg-${tone})`;
  return (
    <g>
      <rect x={x} y={y} width={w} height={h} rx={10} fill={fill} stroke={stroke} strokeWidth={1.5} />
      <text x={x + w / 2} y={y + 22} fontSize={14} fontWeight={600} textAnchor="middle">{title}</text>
      {lines.map((line, i) => (
        <text key={i} x={x + w / 2} y={y + 42 + i * 17} fontSize={12} textAnchor="middle" className="muted">{line}</text>
      ))}
    </g>
  );
}
