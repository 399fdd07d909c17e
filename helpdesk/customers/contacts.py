"""Customers: contacts with their phones and emails, companies matched by email domain."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from ringdesk.core.errors import Conflict, InvalidInput, NotFound
from ringdesk.core.phone import to_e164
from ringdesk.helpdesk.customers.models import Company, Contact, ContactAddress

EMAIL = re.compile(r"^[^@\s]+@([^@\s]+\.[^@\s]+)$")
PHONE = re.compile(r"^\+[1-9]\d{3,14}$")
DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


def _contact_by(session: Session, kind: str, value: str) -> Contact | None:
    # Addresses load only if someone reads them (opening a ticket does not).
    return session.scalars(select(Contact).join(ContactAddress).options(
        lazyload(Contact.addresses)).where(
        ContactAddress.kind == kind, ContactAddress.value == value)).first()


def find_contact(session: Session, phone: str) -> Contact | None:
    """The contact with this phone number (E.164), if there is one."""
    return _contact_by(session, "phone", phone)


def company_for_email(session: Session, email: str) -> Company | None:
    match = EMAIL.match(email)
    if match is None:
        return None
    return session.scalars(select(Company).where(Company.domain == match.group(1))).first()


def do_find_or_create_contact(session: Session, phone: str | None = None,
                              email: str | None = None, name: str = "") -> Contact | None:
    """The contact with this phone (E.164) or email; a new one when nobody has either."""
    email = email.strip().lower() if email else None
    contact = (phone and _contact_by(session, "phone", phone)) or \
        (email and _contact_by(session, "email", email)) or None
    if contact is not None or not (phone or email):
        return contact
    contact = Contact(name=name or "", company=company_for_email(session, email)
                      if email else None)
    session.add(contact)
    for kind, value in (("phone", phone), ("email", email)):
        if value:
            contact.addresses.append(ContactAddress(kind=kind, value=value))
    session.flush()
    return contact


def do_find_or_create_contacts(session: Session, kind: str,
                               values: list[str]) -> dict[str, Contact]:
    """The contacts of many phones or emails at once (a mailbox fetch): one query for the
    known ones, new contacts for the others."""
    wanted = list(dict.fromkeys(value.strip().lower() if kind == "email" else value
                                for value in values))
    found = {address: contact for contact, address in session.execute(
        select(Contact, ContactAddress.value).join(ContactAddress).options(
            lazyload(Contact.addresses)).where(
            ContactAddress.kind == kind, ContactAddress.value.in_(wanted)))}
    for value in wanted:
        if value not in found:
            company = company_for_email(session, value) if kind == "email" else None
            contact = Contact(name="", company=company)
            contact.addresses.append(ContactAddress(kind=kind, value=value))
            session.add(contact)
            found[value] = contact
    session.flush()
    return found


def check_addresses(phones: Any, emails: Any, region: str | None = None
                    ) -> tuple[list[str], list[str]]:
    """Phones in E.164 — or, given the ``region``, in any usual notation, saved as E.164."""
    if not isinstance(phones, list) or not all(isinstance(p, str) for p in phones):
        raise InvalidInput("phones are a list of numbers", {"field": "phones"})
    if region is not None:
        readable = [(raw, to_e164(raw, region)) for raw in phones]
        unreadable = [raw for raw, number in readable if number is None]
        if unreadable:
            raise InvalidInput(f"“{unreadable[0]}” is not a phone number",
                               {"field": "phones", "value": unreadable[0]})
        phones = [number for _, number in readable]
    if not all(PHONE.match(p) for p in phones):
        raise InvalidInput("phones are E.164 numbers like +4930123456", {"field": "phones"})
    if not isinstance(emails, list) or not all(isinstance(e, str) and EMAIL.match(e)
                                               for e in emails):
        raise InvalidInput("emails are addresses like anna@example.com", {"field": "emails"})
    return list(dict.fromkeys(phones)), list(dict.fromkeys(e.lower() for e in emails))


def do_save_contact(session: Session, contact_id: int | None, name: Any, phones: Any,
                    emails: Any, company_id: Any = None, region: str | None = None) -> Contact:
    if not isinstance(name, str) or len(name) > 200:
        raise InvalidInput("a name is up to 200 characters", {"field": "name"})
    phones, emails = check_addresses(phones, emails, region)
    contact = Contact(name="") if contact_id is None else session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"contact {contact_id} does not exist", {"contact_id": contact_id})
    for kind, values in (("phone", phones), ("email", emails)):
        for value in values:
            other = _contact_by(session, kind, value)
            if other is not None and other.id != contact.id:
                raise Conflict(f"{value} belongs to contact {other.id}",
                               {"field": f"{kind}s", "contact_id": other.id})
    contact.name = name
    wanted = {("phone", v) for v in phones} | {("email", v) for v in emails}
    contact.addresses = [a for a in contact.addresses if (a.kind, a.value) in wanted] + [
        ContactAddress(kind=kind, value=value) for kind, value in
        [*(("phone", v) for v in phones), *(("email", v) for v in emails)]
        if (kind, value) not in {(a.kind, a.value) for a in contact.addresses}]
    if company_id is not None:
        if isinstance(company_id, bool) or not isinstance(company_id, int) or \
                session.get(Company, company_id) is None:
            raise InvalidInput(f"no company {company_id!r}", {"field": "company_id"})
        contact.company_id = company_id
    elif contact.company_id is None and emails:
        company = company_for_email(session, emails[0])
        contact.company_id = company.id if company else None
    session.add(contact)
    session.flush()
    return contact


def do_save_company(session: Session, company_id: int | None, name: Any,
                    domain: Any) -> Company:
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 200:
        raise InvalidInput("a company's name is 1-200 characters", {"field": "name"})
    if domain is not None and (not isinstance(domain, str) or not DOMAIN.match(domain.lower())):
        raise InvalidInput("domain is like example.com, or null", {"field": "domain"})
    company = Company() if company_id is None else session.get(Company, company_id)
    if company is None:
        raise NotFound(f"company {company_id} does not exist", {"company_id": company_id})
    domain = domain.lower() if domain else None
    if domain:
        other = session.scalars(select(Company).where(Company.domain == domain)).first()
        if other is not None and other.id != company.id:
            raise Conflict(f"{domain} is company {other.id}'s domain", {"field": "domain"})
    company.name, company.domain = name.strip(), domain
    session.add(company)
    session.flush()
    if domain:
        # Contacts already known by an address at this domain join the company.
        orphans = session.scalars(select(Contact).join(ContactAddress).where(
            Contact.company_id.is_(None), ContactAddress.kind == "email",
            ContactAddress.value.like(f"%@{domain}")))
        for contact in orphans:
            contact.company_id = company.id
    return company
