/** Group, version and kind of the object being patched; selects its type tree. */
export interface Gvk {
  group: string;
  version: string;
  kind: string;
}
