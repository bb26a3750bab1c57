/** A due card as the queue sees it. */
export interface DueCard {
  readonly questionId: string;
  readonly due: Date;
}

/** Most overdue first; ties (cards graded together) in question id order, so the order is stable. */
export function orderDue(cards: readonly DueCard[], now: Date): DueCard[] {
  return cards
    .filter((card) => card.due.getTime() <= now.getTime())
    .sort((a, b) => a.due.getTime() - b.due.getTime() || a.questionId.localeCompare(b.questionId));
}

export interface QueueInput {
  readonly due: readonly DueCard[];
  /** Questions the member has never seen, in the order to introduce them. */
  readonly unseen: readonly string[];
  readonly newCardsPerDay: number;
  /** New cards already introduced today (local day). */
  readonly introducedToday: number;
  /** Upper bound for one session, so a member back from holiday is not faced with hundreds at once. */
  readonly maxCards: number;
}

export interface ReviewQueue {
  readonly questionIds: readonly string[];
  readonly dueCount: number;
  readonly newCount: number;
}

/** Due cards first (most overdue first), then new cards up to what is left of today's new-card limit. */
export function buildQueue(input: QueueInput, now: Date): ReviewQueue {
  const due = orderDue(input.due, now)
    .slice(0, input.maxCards)
    .map((card) => card.questionId);
  const room = Math.max(
    0,
    Math.min(input.newCardsPerDay - input.introducedToday, input.maxCards - due.length),
  );
  const seen = new Set(due);
  const fresh = input.unseen.filter((id) => !seen.has(id)).slice(0, room);
  return { questionIds: [...due, ...fresh], dueCount: due.length, newCount: fresh.length };
}
