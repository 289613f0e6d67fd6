/** The fitted weights of text evidence (filled in by the fitting step). */
export type Weights = Readonly<Record<string, number>>;
