// The synthesis of a consultation (public, print and staff pages): loaded only by the pages that declare "synthesis".
import synthesis from "../../locales/en/synthesis.json";

const dictionary: Record<string, unknown> = { ...synthesis };
export default dictionary;
