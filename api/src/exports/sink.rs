//! Writing rows as CSV or NDJSON into a byte buffer, value by value, without building a row
//! object first (the exports' speed is mostly here).

use std::io::Write;

use time::{Date, PrimitiveDateTime};

use super::{Column, Format};

/// Writes one row's values in column order.
pub struct RowWriter<'c> {
    format: Format,
    columns: &'c [Column],
    /// The bytes written so far.
    pub buf: Vec<u8>,
    index: usize,
}

impl<'c> RowWriter<'c> {
    /// A writer for these columns.
    pub fn new(format: Format, columns: &'c [Column]) -> Self {
        Self {
            format,
            columns,
            buf: Vec::with_capacity(96 * 1024),
            index: 0,
        }
    }

    /// The header row (CSV only), with a byte-order mark when asked for (Excel reads UTF-8
    /// CSV as its locale's code page without one).
    pub fn header(&mut self, bom: bool) {
        if self.format != Format::Csv {
            return;
        }
        if bom {
            self.buf.extend_from_slice("\u{feff}".as_bytes());
        }
        for (i, column) in self.columns.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.buf.extend_from_slice(column.name.as_bytes());
        }
        self.buf.extend_from_slice(b"\r\n");
    }

    fn start_value(&mut self) {
        match self.format {
            Format::Csv => {
                if self.index > 0 {
                    self.buf.push(b',');
                }
            }
            Format::Ndjson => {
                self.buf
                    .extend_from_slice(if self.index == 0 { b"{\"" } else { b",\"" });
                self.buf
                    .extend_from_slice(self.columns[self.index].name.as_bytes());
                self.buf.extend_from_slice(b"\":");
            }
        }
        self.index += 1;
    }

    fn null(&mut self) {
        self.start_value();
        if self.format == Format::Ndjson {
            self.buf.extend_from_slice(b"null");
        }
    }

    /// A text value (quoted as RFC 4180 or JSON requires).
    pub fn text(&mut self, value: &str) {
        self.start_value();
        match self.format {
            Format::Csv => {
                if value
                    .bytes()
                    .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
                {
                    self.buf.push(b'"');
                    for byte in value.bytes() {
                        if byte == b'"' {
                            self.buf.push(b'"');
                        }
                        self.buf.push(byte);
                    }
                    self.buf.push(b'"');
                } else {
                    self.buf.extend_from_slice(value.as_bytes());
                }
            }
            Format::Ndjson => {
                // serde_json escapes exactly what JSON needs; writing to a Vec cannot fail.
                let _ = serde_json::to_writer(&mut self.buf, value);
            }
        }
    }

    /// An optional text value.
    pub fn opt_text(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.text(v),
            None => self.null(),
        }
    }

    /// A comma-separated list of codes as stored, written `;`-separated.
    pub fn code_list(&mut self, stored: &str) {
        let joined: String = stored
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(";");
        self.text(&joined);
    }

    /// A whole number.
    pub fn int(&mut self, value: i64) {
        self.start_value();
        let _ = write!(self.buf, "{value}");
    }

    /// An optional whole number.
    pub fn opt_int(&mut self, value: Option<i64>) {
        match value {
            Some(v) => self.int(v),
            None => self.null(),
        }
    }

    /// A boolean.
    pub fn bool(&mut self, value: bool) {
        self.start_value();
        self.buf
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// An optional boolean.
    pub fn opt_bool(&mut self, value: Option<bool>) {
        match value {
            Some(v) => self.bool(v),
            None => self.null(),
        }
    }

    fn quote_open(&mut self) {
        if self.format == Format::Ndjson {
            self.buf.push(b'"');
        }
    }

    /// A date, `YYYY-MM-DD`.
    pub fn date(&mut self, value: Date) {
        self.start_value();
        self.quote_open();
        let _ = write!(
            self.buf,
            "{:04}-{:02}-{:02}",
            value.year(),
            u8::from(value.month()),
            value.day()
        );
        self.quote_open();
    }

    /// An optional date.
    pub fn opt_date(&mut self, value: Option<Date>) {
        match value {
            Some(v) => self.date(v),
            None => self.null(),
        }
    }

    /// An instant stored in UTC, RFC 3339 with microseconds.
    pub fn datetime(&mut self, value: PrimitiveDateTime) {
        self.start_value();
        self.quote_open();
        let _ = write!(
            self.buf,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
            value.year(),
            u8::from(value.month()),
            value.day(),
            value.hour(),
            value.minute(),
            value.second(),
            value.microsecond()
        );
        self.quote_open();
    }

    /// An optional instant.
    pub fn opt_datetime(&mut self, value: Option<PrimitiveDateTime>) {
        match value {
            Some(v) => self.datetime(v),
            None => self.null(),
        }
    }

    /// Ends the row; every column must have been written, in order.
    pub fn end_row(&mut self) {
        debug_assert_eq!(
            self.index,
            self.columns.len(),
            "a row wrote {} values for {} columns",
            self.index,
            self.columns.len()
        );
        match self.format {
            Format::Csv => self.buf.extend_from_slice(b"\r\n"),
            Format::Ndjson => self.buf.extend_from_slice(b"}\n"),
        }
        self.index = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exports::ColumnKind;

    const COLUMNS: [Column; 3] = [
        Column {
            name: "a",
            kind: ColumnKind::Code,
            nullable: true,
            description: "",
        },
        Column {
            name: "b",
            kind: ColumnKind::Integer,
            nullable: false,
            description: "",
        },
        Column {
            name: "c",
            kind: ColumnKind::Date,
            nullable: true,
            description: "",
        },
    ];

    fn row(w: &mut RowWriter<'_>, a: Option<&str>) {
        w.opt_text(a);
        w.int(7);
        w.opt_date(Some(time::macros::date!(2027 - 01 - 31)));
        w.end_row();
    }

    #[test]
    fn csv_quotes_only_what_rfc_4180_requires() {
        let mut w = RowWriter::new(Format::Csv, &COLUMNS);
        w.header(false);
        row(&mut w, Some("plain"));
        row(&mut w, Some("say \"hi\", then\nleave"));
        row(&mut w, None);
        assert_eq!(
            String::from_utf8(w.buf).unwrap(),
            "a,b,c\r\nplain,7,2027-01-31\r\n\"say \"\"hi\"\", then\nleave\",7,2027-01-31\r\n,7,2027-01-31\r\n"
        );
    }

    #[test]
    fn ndjson_rows_are_json_objects_with_nulls() {
        let mut w = RowWriter::new(Format::Ndjson, &COLUMNS);
        w.header(true);
        row(&mut w, Some("q\"uote"));
        row(&mut w, None);
        let text = String::from_utf8(w.buf).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines[0],
            serde_json::json!({"a": "q\"uote", "b": 7, "c": "2027-01-31"})
        );
        assert_eq!(
            lines[1],
            serde_json::json!({"a": null, "b": 7, "c": "2027-01-31"})
        );
    }

    #[test]
    fn the_byte_order_mark_is_written_only_when_asked_for() {
        let mut w = RowWriter::new(Format::Csv, &COLUMNS);
        w.header(true);
        assert!(w.buf.starts_with("\u{feff}a,b,c".as_bytes()));
    }
}
