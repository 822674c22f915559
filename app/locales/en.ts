// Every namespace of one language, merged: top-level keys are unique across files.
import agenda from "../../locales/en/agenda.json";
import common from "../../locales/en/common.json";
import events from "../../locales/en/events.json";
import print from "../../locales/en/print.json";

const dictionary: Record<string, unknown> = { ...common, ...events, ...agenda, ...print };
export default dictionary;
