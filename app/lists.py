"""The items of a passage's lists, each with the lead-in that makes it readable.

« Le contrat doit notamment indiquer : - le périmètre du certificat … ; - les lieux d'hébergement … » is one sentence
for the splitter, too long and too mixed to quote, and an item alone (« les lieux d'hébergement ») does not say what
it is about. Quoted as « Le contrat doit notamment indiquer : […] les lieux d'hébergement », an item answers a
question on one of them while every word stays the source's.
"""

import re
from dataclasses import dataclass

# A list marker at the start of a line, or after the colon or semicolon of a list the chunker ran into one line.
_MARKER = re.compile(r"(?:^|\n\s*|(?<=[:;])\s+)[-*•–—]\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")
ELISION = "[…]"


@dataclass(frozen=True)
class Item:
    text: str  # the item without its marker and the semicolon that closes it, verbatim otherwise
    lead_in: str  # the sentence that announces the list, ending with its colon; empty when there is none
    number: int  # its place in the list (0: the first, right after the lead-in)

    @property
    def quote(self) -> str:
        return quote_items([self])

    @property
    def verbatim(self) -> tuple[str, ...]:
        """The pieces of the quote as they stand in the source."""
        return (self.lead_in, self.text) if self.lead_in else (self.text,)


def list_items(sentences: list[str]) -> dict[int, list[Item]]:
    """The items of the lists among a passage's `sentences`, by position of the sentence that holds them.

    A list is announced by a sentence ending with a colon, which may hold the items too (the splitter sees no sentence
    end before the last one), or is followed by items split as sentences of their own (« - RIPH 3, recherches non
    interventionnelles : … . »). A sentence that is no list item closes the list."""
    found: dict[int, list[Item]] = {}
    lead_in, number = "", 0
    for position, sentence in enumerate(sentences):
        pieces = _MARKER.split(sentence.strip())
        if len(pieces) == 1:
            lead_in, number = (sentence.strip() if sentence.strip().endswith(":") else ""), 0
            continue
        # an item ends with its paragraph: the last one may run into the next (« … ;\n\nNuances : … »)
        head, items = (
            pieces[0].strip(),
            [_BLANK_LINE.split(p.strip())[0].removesuffix(";").rstrip() for p in pieces[1:]],
        )
        if head:  # the lead-in and its items in one sentence; a head that does not announce a list is no lead-in
            lead_in, number = (head if head.endswith(":") else ""), 0
        found[position] = []
        for text in filter(None, items):
            found[position].append(Item(text, lead_in, number))
            number += 1
    return found


def quote_items(items: list[Item]) -> str:
    """Items of one list, in order, quoted after their lead-in: what the source has between two of them is marked
    « […] »; between neighbours, only their list marker is left out."""
    lead_in = items[0].lead_in
    quote = f"{lead_in} {'' if items[0].number == 0 else ELISION + ' '}" if lead_in else ""
    for previous, item in zip([None, *items], items):
        if previous is not None:
            if item.number != previous.number + 1:
                quote += f" {ELISION} "
            else:  # the semicolon the source closes an item with, unless it ends a sentence
                quote += " " if previous.text.endswith((".", "!", "?")) else " ; "
        quote += item.text
    return quote
