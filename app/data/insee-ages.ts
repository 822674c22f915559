/**
 * Age structure of the population of France, the reference a synthesis compares its respondents with.
 *
 * Source: Insee, « Pyramide des âges » / estimations de population au 1er janvier 2024 (Bilan
 * démographique 2023, France y compris Mayotte, résultats provisoires arrêtés fin 2023), population par
 * âge détaillé, regrouped into the brackets of the participant profile. Shares in % of the whole
 * population (all ages, so under_18 is included), rounded to 0.1 and adding up to 100.
 */
export const INSEE_AGE_SOURCE = "Insee, estimations de population au 1er janvier 2024 (pyramide des âges, France)";
export const INSEE_AGE_YEAR = 2024;

export const inseeAgeShares = {
  under_18: 20.9,
  "18_24": 8.3,
  "25_34": 11.8,
  "35_49": 18.7,
  "50_64": 18.8,
  "65_74": 11.2,
  "75_plus": 10.3,
} as const satisfies Record<string, number>;
