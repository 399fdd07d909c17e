// A ticket's subject in the user's language: a subject the server wrote ("Call from ...")
// comes as a key and parameters; one a person wrote is shown as written.
import type { TFunction } from "i18next";
import type { Schemas } from "./api/client";

type Subject = Pick<Schemas["Ticket"], "subject" | "subject_key" | "subject_params">;

export function ticketSubject(ticket: Subject, t: TFunction): string {
  if (!ticket.subject_key) return ticket.subject;
  const caller = ticket.subject_params.caller || t("subjects.anonymous");
  return t(`subjects.${ticket.subject_key}`, {
    ...ticket.subject_params, caller, defaultValue: ticket.subject });
}
