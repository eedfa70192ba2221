"""The import report: everything ``sitegen import jekyll`` moved, changed,
skipped or could not map, written to ``DEST/IMPORT-REPORT.md`` and
summarised on stdout.  Entries are sorted, so two imports of the same site
write the same report."""

from __future__ import annotations

from dataclasses import dataclass, field

# kinds of entries, in the order the report lists them
NOT_MAPPED = "not mapped"  # Jekyll features sitegen does not carry over (Sass, plugins, layouts...)
CHANGED = "changed"  # moved or renamed, or a setting translated
NOTE = "note"  # something editors should know or fix (a page without title, ...)
SKIPPED = "skipped"  # not copied on purpose (Jekyll's own files, symbolic links)

_TITLES = {
    NOT_MAPPED: "Not mapped: replaced by the sitegen theme or left out",
    CHANGED: "Changed: moved, renamed or translated settings",
    NOTE: "To check: pages and files editors should look at",
    SKIPPED: "Skipped: not copied",
}


@dataclass(frozen=True, order=True)
class Entry:
    kind: str
    path: str  # in the Jekyll site ("" for the site as a whole)
    message: str


@dataclass
class ImportReport:
    source: str
    dest: str
    entries: list[Entry] = field(default_factory=list)
    pages: dict = field(default_factory=dict)  # lang -> number of pages
    partials: int = 0
    includes: int = 0
    data_files: int = 0
    static_files: int = 0

    def add(self, kind: str, path: str, message: str) -> None:
        self.entries.append(Entry(kind, path, message))

    def of(self, kind: str) -> list[Entry]:
        return sorted(set(e for e in self.entries if e.kind == kind), key=lambda e: (e.path, e.message))

    def counts_line(self) -> str:
        pages = ", ".join(f"{n} {lang}" for lang, n in self.pages.items())
        total = sum(self.pages.values())
        return (f"{total} pages ({pages}), {self.includes} includes, {self.partials} partials, "
                f"{self.data_files} data files, {self.static_files} static files")

    def markdown(self) -> str:
        lines = [
            "# Import report",
            "",
            f"`sitegen import jekyll` moved the Jekyll site `{self.source}` here: {self.counts_line()}.",
            "Page files keep their bytes: nothing an editor wrote was rewritten. "
            "Build with `sitegen build`, or `sitegen build --keep-going` to build every page that can be built "
            "while you fix the others.",
            "",
        ]
        for kind in (NOT_MAPPED, CHANGED, NOTE, SKIPPED):
            entries = self.of(kind)
            lines.append(f"## {_TITLES[kind]} ({len(entries)})")
            lines.append("")
            if not entries:
                lines.append("Nothing.")
            for entry in entries:
                where = f"`{entry.path}`: " if entry.path else ""
                lines.append(f"- {where}{entry.message}")
            lines.append("")
        return "\n".join(lines)

    def summary(self) -> str:
        counts = ", ".join(f"{len(self.of(kind))} {kind}" for kind in (NOT_MAPPED, CHANGED, NOTE, SKIPPED))
        lines = [f"sitegen: imported {self.source} into {self.dest}: {self.counts_line()}",
                 f"sitegen: report: {counts} (see {self.dest}/IMPORT-REPORT.md)"]
        for entry in self.of(NOT_MAPPED) + self.of(NOTE):
            lines.append(f"  {entry.kind}: {entry.path + ': ' if entry.path else ''}{entry.message}")
        return "\n".join(lines)
