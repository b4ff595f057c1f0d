"""The REFI-QDA codebook (.qdc): the codebook alone, for NVivo, ATLAS.ti, MAXQDA and QualCoder.

One XML file in the namespace ``urn:QDA-XML:codebook:1.0``: ``CodeBook``, its ``Codes``, each
``Code`` with its GUID (the code's uid), name, colour and memo as its ``Description``
(:mod:`db.formats.code_memo`), nested as the codebook nests them. Reading takes the same
file back as codes to add, each memo taken apart into its fields again.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from db.formats.collect import FormatError, ProjectData, generator
from db.formats.qdpx import NS as PROJECT_NS
from db.formats.qdpx import code_names, code_tree
from db.formats.qdpx_read import read_codebook
from db.ingest.annotated import ExchangeError, Incoming
from db.ingest.decode import DecodeError
from db.ingest.files import open_regular

NS = "urn:QDA-XML:codebook:1.0"
_Q = f"{{{NS}}}"


def write_qdc(data: ProjectData, output: Path) -> int:
    """Write the codebook of ``data`` to ``output``; returns how many codes were written.

    Raises:
        FormatError: the project has no codes (the format needs one at least).
    """
    if not data.codes:
        raise FormatError("the codebook has no codes to export")
    root = etree.Element(_Q + "CodeBook", nsmap={None: NS}, origin=generator())
    code_tree(
        etree.SubElement(root, _Q + "Codes"),
        data.codes,
        code_names(data.codes, unique=False),
        NS,
    )
    output.write_bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8"))
    return len(data.codes)


def load_qdc(path: Path) -> Incoming:
    """Read a .qdc file's codes, storing nothing.

    Raises:
        FormatError: the file is not a REFI-QDA codebook, or a code in it is out of place.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        with open_regular(path) as f:
            root = etree.fromstring(f.read(), parser)
    except DecodeError as exc:
        raise FormatError(f"{path.name} could not be read ({exc})") from exc
    except etree.XMLSyntaxError as exc:
        raise FormatError(f"{path.name} is not well-formed XML ({exc})") from exc
    codes = root.find(_Q + "Codes")
    if root.tag != _Q + "CodeBook" or codes is None:
        raise FormatError(f"{path.name} is not a REFI-QDA codebook")
    for el in codes.iter(_Q + "*"):  # the project's elements, read as a project's codebook
        el.tag = f"{{{PROJECT_NS}}}{etree.QName(el).localname}"
    try:
        return read_codebook(codes)
    except ExchangeError as exc:
        raise FormatError(f"{path.name}: {exc}; nothing of it was imported") from exc
