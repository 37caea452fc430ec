"""XLSX writing shared by the addon's exports (xlsxwriter, constant memory).

Rows are written strictly top to bottom, which is what xlsxwriter's ``constant_memory`` mode
needs: each row is flushed to a temporary file as soon as the next one starts, so a register
of 100 000 customers costs the memory of one row plus the finished file.
"""

import io

import xlsxwriter


class XlsxBook:
    """A workbook with the formats a finance user expects, written sheet by sheet."""

    def __init__(self):
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(
            self.buffer,
            {"constant_memory": True, "strings_to_numbers": False, "remove_timezone": True},
        )
        book = self.book
        self.formats = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "header": book.add_format(
                {
                    "bold": True,
                    "bg_color": "#1F5C99",
                    "font_color": "#FFFFFF",
                    "border": 1,
                    "text_wrap": True,
                    "valign": "vcenter",
                }
            ),
            # no format at all: the default style, as an empty format renders, without a
            # style attribute to write in each text cell (a fifth of a text cell's cost)
            "text": None,
            "money": book.add_format({"num_format": "#,##0.00"}),
            "percent": book.add_format({"num_format": "0.0"}),
            "integer": book.add_format({"num_format": "#,##0"}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "total_label": book.add_format({"bold": True, "top": 1}),
            "total_money": book.add_format({"bold": True, "top": 1, "num_format": "#,##0.00"}),
        }

    def sheet(self, name, columns, title=None):
        """Add a sheet; ``columns`` is a list of (header, kind, width). Returns a writer."""
        return _Sheet(self, name, columns, title)

    def close(self):
        self.book.close()
        return self.buffer.getvalue()


class _Sheet:
    def __init__(self, xbook, name, columns, title):
        self.xbook = xbook
        self.sheet = xbook.book.add_worksheet(name[:31])
        self.columns = columns
        self.row = 0
        formats = xbook.formats
        for col, (_header, _kind, width) in enumerate(columns):
            self.sheet.set_column(col, col, width)
        if title:
            self.sheet.write(0, 0, title, formats["title"])
            self.row = 2
        self.header_row = self.row
        self.sheet.set_row(self.row, 30)
        for col, (header, _kind, _width) in enumerate(columns):
            self.sheet.write(self.row, col, header, formats["header"])
        self.sheet.freeze_panes(self.row + 1, 1)
        self.row += 1
        self.first_data_row = self.row

    def write_row(self, values):
        formats = self.xbook.formats
        for col, ((_header, kind, _width), value) in enumerate(
            zip(self.columns, values, strict=True)
        ):
            if value is None or value is False:
                continue
            if kind == "date":
                self.sheet.write_datetime(self.row, col, value, formats["date"])
            elif kind in ("money", "percent", "integer"):
                self.sheet.write_number(self.row, col, value, formats[kind])
            else:
                self.sheet.write_string(self.row, col, str(value), formats["text"])
        self.row += 1

    def finish(self, total_label=None):
        """Add an autofilter and, optionally, a totals row summing the money columns."""
        last = self.row - 1
        if last >= self.first_data_row:
            self.sheet.autofilter(self.header_row, 0, last, len(self.columns) - 1)
        if total_label and last >= self.first_data_row:
            formats = self.xbook.formats
            self.sheet.write_string(self.row, 0, total_label, formats["total_label"])
            for col, (_header, kind, _width) in enumerate(self.columns):
                if kind == "money" and col:
                    start = xlsxwriter.utility.xl_rowcol_to_cell(self.first_data_row, col)
                    end = xlsxwriter.utility.xl_rowcol_to_cell(last, col)
                    self.sheet.write_formula(
                        self.row, col, f"=SUBTOTAL(9,{start}:{end})", formats["total_money"]
                    )
            self.row += 1
