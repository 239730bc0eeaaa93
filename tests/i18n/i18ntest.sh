# i18ntest.sh: helpers of the tests in tests/i18n (sourced after tests/libtest.sh).
# Copyright (C) 2026 The HALO authors.  SPDX-License-Identifier: GPL-3.0-or-later

# find_german_locale: a German UTF-8 locale that setlocale accepts, in
# $DE_LOCALE (de_DE.UTF-8 first).  The suite runs with LC_ALL=C.UTF-8, and
# GNU gettext ignores LANGUAGE in the C locale, so a translated run needs one.
find_german_locale () {
  DE_LOCALE=
  local l norm found=
  while read -r l; do
    norm=$(printf '%s' "$l" | tr 'A-Z' 'a-z' | tr -d '-')
    case $norm in
      de_de.utf8) found=de_DE.UTF-8; break ;;
      de_??.utf8) [ -n "$found" ] || found=$l ;;
    esac
  done < <(locale -a 2>/dev/null)
  [ -n "$found" ] || return 1
  # The locale must really load: "locale" warns on stderr when it cannot.
  [ -z "$(LC_ALL=$found locale 2>&1 >/dev/null)" ] || return 1
  DE_LOCALE=$found
  DE=(env LANGUAGE=de LC_ALL="$DE_LOCALE")
}

# german_catalog: the build tree's German catalogue (see tests/i18n/Makefile.inc).
german_catalog () {
  printf '%s/de/LC_MESSAGES/halo.mo' "${HALO_LOCALEDIR:-}"
}

# i18n_check: set I18N_SKIP to why German messages cannot be tested here
# (empty when they can; then $DE_LOCALE is set).
i18n_check () {
  I18N_SKIP=
  if [ -z "${HALO_LOCALEDIR:-}" ] || [ ! -f "$(german_catalog)" ]; then
    I18N_SKIP="no German catalogue in the build tree (msgfmt missing?)"
  elif ! find_german_locale; then
    I18N_SKIP="no German UTF-8 locale (generate one: localedef -i de_DE -f UTF-8 de_DE.UTF-8)"
  fi
}

# Prefixes of a command (for run, which cannot call a function): "${DE[@]}"
# runs it in German, "${C[@]}" in the suite's C locale.
C=(env -u LANGUAGE LC_ALL=C.UTF-8)
DE=()
