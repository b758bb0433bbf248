export function NotFoundPage({ path }: { path: string }) {
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p className="muted">
        Nothing lives at <code>{path}</code>. <a href="#/">See what is live</a>.
      </p>
    </section>
  );
}
