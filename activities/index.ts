// Activities are thin, idempotent adapters over injected services (see STYLE.md §2). The worker builds
// them with `createActivities(deps)`; workflows import only the type, never the values.

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ActivityDependencies {}

export function createActivities(_deps: ActivityDependencies) {
  return {};
}

export type Activities = ReturnType<typeof createActivities>;
