/**
 * GOV.UK Frontend's ids for the options of a radios or checkboxes group: the first option
 * takes the group's id (so an error summary link `#<id>` lands on it), the others `<id>-2`...
 */
export const choiceId = (idPrefix: string, index: number) => (index === 0 ? idPrefix : `${idPrefix}-${index + 1}`);
