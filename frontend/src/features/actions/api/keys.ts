// The query keys of actions and plans: a change to one shows in the other (a plan's progress,
// an action's plan), so both invalidate both.
export const actionsKey = ['actions'] as const;
export const plansKey = ['action-plans'] as const;
