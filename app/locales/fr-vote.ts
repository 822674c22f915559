// Votes on uses of AI and the export links of results: loaded only by the pages that declare the "vote" namespace.
import exports from "../../locales/fr/exports.json";
import votes from "../../locales/fr/votes.json";

const dictionary: Record<string, unknown> = { ...votes, ...exports };
export default dictionary;
