// Votes on uses of AI: loaded only by the pages that declare the "vote" namespace.
import votes from "../../locales/fr/votes.json";

const dictionary: Record<string, unknown> = { ...votes };
export default dictionary;
