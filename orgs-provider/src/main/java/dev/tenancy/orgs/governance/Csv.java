package dev.tenancy.orgs.governance;

/** RFC 4180 rows; cells that a spreadsheet would run as formulas are prefixed with a quote. */
final class Csv {

    private Csv() {
    }

    static String row(Object... cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(cells[i] == null ? "" : cells[i].toString()));
        }
        return b.append("\r\n").toString();
    }

    static String cell(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
