// Every namespace of one language, merged: top-level keys are unique across files.
import agenda from "../../locales/fr/agenda.json";
import common from "../../locales/fr/common.json";
import events from "../../locales/fr/events.json";
import print from "../../locales/fr/print.json";

const dictionary: Record<string, unknown> = { ...common, ...events, ...agenda, ...print };
export default dictionary;
