// Temporary stand-in until each diagram lands in its own file; the diagrams task replaces this.
export function placeholder(name: string) {
  function Diagram() {
    return (
      <figure role="img" aria-label={name} className="my-6 rounded border border-dashed p-6 text-center text-sm">
        {name}
      </figure>
    );
  }
  Diagram.displayName = name;
  return Diagram;
}
