/** The step the widget shows: one of the booking flow's, the manage flow's, or a failure. */
export type View = 'loading' | 'entries' | 'date' | 'form' | 'move' | 'done' | 'manage' | 'failed';
