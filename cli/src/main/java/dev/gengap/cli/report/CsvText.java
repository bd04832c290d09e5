package dev.gengap.cli.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** The CLI's CSV: RFC 4180 quoting by Apache Commons CSV, {@code \n} line ends, a header row. */
final class CsvText {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private CsvText() {}

  static String of(List<String> header, List<List<String>> rows) {
    StringBuilder text = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(text, FORMAT)) {
      printer.printRecord(header);
      printer.printRecords(rows);
    } catch (IOException cannotHappen) { // a StringBuilder does not throw
      throw new UncheckedIOException(cannotHappen);
    }
    return text.toString();
  }
}
