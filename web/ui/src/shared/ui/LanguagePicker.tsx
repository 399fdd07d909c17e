import { useId } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES, chooseLanguage, type Language } from "../i18n";

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-picker">
      <label htmlFor={id}>{t("user.language")}</label>
      <select id={id} value={i18n.language}
              onChange={(event) => chooseLanguage(event.target.value as Language)}>
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>{t(`language.${language}`)}</option>
        ))}
      </select>
    </div>
  );
}
