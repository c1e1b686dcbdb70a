/** Thrown by the model import's checks; the message names the file, layer or weight at fault. */
export class ImportRefusal extends Error {}
