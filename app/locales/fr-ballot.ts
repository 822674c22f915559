// The voter pages: the "vote" namespace without exports.json (the export links of the results page).
import votes from "../../locales/fr/votes.json";

const dictionary: Record<string, unknown> = { ...votes };
export default dictionary;
