/**
 * What the lab bench shows, decided in one place from what the learner chose.
 *
 * Beside the lesson (large screens) the bench stacks the editor, the clock and a tab per
 * cluster view. Below the lesson (phones and tablets) that stack is a thousand pixels tall,
 * so the bench shows one pane at a time (Editor, Cluster, Terminal, Logs) behind a switcher.
 * Focus mode lets the terminal or the logs fill the bench, on either layout.
 */

export type BenchView = 'nodes' | 'workloads' | 'events' | 'logs' | 'terminal';
export type PhonePane = 'editor' | 'cluster' | 'terminal' | 'logs';

export const VIEW_LABELS: Record<BenchView, string> = { nodes: 'Nodes', workloads: 'Workloads', events: 'Events', logs: 'Logs', terminal: 'Terminal' };
export const PANE_LABELS: Record<PhonePane, string> = { editor: 'Editor', cluster: 'Cluster', terminal: 'Terminal', logs: 'Logs' };

const ALL_VIEWS: BenchView[] = ['nodes', 'workloads', 'events', 'logs', 'terminal'];
const CLUSTER_VIEWS: BenchView[] = ['nodes', 'workloads', 'events'];

/** The views that can fill the bench (the others are short enough to read in place). */
export function canFocus(view: BenchView): view is 'logs' | 'terminal' {
  return view === 'logs' || view === 'terminal';
}

/** What the learner chose; `view` and `pane` are kept in step by the `choose*` functions below. */
export interface BenchChoice {
  view: BenchView;
  pane: PhonePane;
  /** The cluster view seen last (Nodes, Workloads or Events): the Cluster pane opens on it. */
  clusterView: BenchView;
  focus: boolean;
}

/** A phone starts on the editor, where a lesson's first step (Apply) is; beside the lesson, Nodes shows under it. */
export const INITIAL_CHOICE: BenchChoice = { view: 'nodes', pane: 'editor', clusterView: 'nodes', focus: false };

/** A tab of the cluster views picked: the phone's pane follows, so a later resize shows the same view. */
export function chooseView(choice: BenchChoice, view: BenchView): BenchChoice {
  const inCluster = CLUSTER_VIEWS.includes(view);
  return {
    view,
    pane: inCluster ? 'cluster' : (view as PhonePane),
    clusterView: inCluster ? view : choice.clusterView,
    focus: choice.focus && canFocus(view),
  };
}

/** A pane of the phone's switcher picked. Cluster goes back to the cluster view seen last. */
export function choosePane(choice: BenchChoice, pane: PhonePane): BenchChoice {
  if (pane === 'editor') return { ...choice, pane, focus: false };
  return chooseView(choice, pane === 'cluster' ? choice.clusterView : pane);
}

/** Focus mode on or off; only a view that can fill the bench takes it. */
export function chooseFocus(choice: BenchChoice, focus: boolean): BenchChoice {
  return { ...choice, focus: focus && canFocus(choice.view) };
}

export interface BenchLayout {
  /** The phone's pane switcher is shown. */
  switcher: boolean;
  editor: boolean;
  clock: boolean;
  /** Tabs of the cluster views shown under the clock (none: no tab row). */
  tabs: BenchView[];
  /** The view shown, if any (the editor pane shows none). */
  shown: BenchView | undefined;
  /** The shown view fills the bench. */
  focused: boolean;
  /** The kubeconfig and reset links at the foot of the bench. */
  footer: boolean;
}

export function benchLayout(choice: BenchChoice, narrow: boolean): BenchLayout {
  const focused = choice.focus && canFocus(choice.view) && !(narrow && choice.pane === 'editor');
  if (!narrow) {
    return { switcher: false, editor: !focused, clock: !focused, tabs: ALL_VIEWS, shown: choice.view, focused, footer: !focused };
  }
  if (choice.pane === 'editor') return { switcher: true, editor: true, clock: false, tabs: [], shown: undefined, focused: false, footer: true };
  if (choice.pane === 'cluster') return { switcher: true, editor: false, clock: true, tabs: CLUSTER_VIEWS, shown: choice.clusterView, focused: false, footer: true };
  return { switcher: true, editor: false, clock: false, tabs: [], shown: choice.pane, focused, footer: !focused };
}
