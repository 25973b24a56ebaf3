// Runs before paint so the page never flashes the wrong theme: stored choice, else the OS's.
const script = `(function(){try{var t=localStorage.getItem('kubelab-theme');var d=t?t==='dark':window.matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d);}catch(e){}})();`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: script }} />;
}
