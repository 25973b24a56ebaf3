export function Logo() {
  return (
    <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
      <polygon points="16,2 28,8.5 28,23.5 16,30 4,23.5 4,8.5" fill="var(--accent)" />
      <circle cx="16" cy="16" r="5" fill="none" stroke="white" strokeWidth="2.2" />
      <path d="M16 6v5M16 21v5M7.5 11l4.3 2.5M20.2 18.5l4.3 2.5M7.5 21l4.3-2.5M20.2 13.5l4.3-2.5" stroke="white" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
