// The charter of commitments (public pages): loaded only by the pages that declare "charter".
import charter from "../../locales/en/charter.json";

const dictionary: Record<string, unknown> = { ...charter };
export default dictionary;
