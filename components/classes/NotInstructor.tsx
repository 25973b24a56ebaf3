/** What a visitor without an instructor session sees on an instructor page. */
export function NotInstructor({ title }: { title: string }) {
  return (
    <main id="main" className="mx-auto max-w-2xl px-4 py-12">
      <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-3 text-[var(--fg-soft)]">
        This page is for the instructor. Open the instructor link that the server printed when it made the token (<code>npm run instructor-link</code> prints it again), or a link another
        instructor made for you.
      </p>
    </main>
  );
}
