package dev.gengap.trainer.queue;

import dev.gengap.spec.InvalidSpecException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

/**
 * Opaque keyset page tokens: the id of the last item of the previous page. Clients must treat them
 * as opaque; the prefix lets a future format be told apart.
 */
final class PageToken {
  private static final String PREFIX = "v1:";

  private PageToken() {}

  static String after(long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** Empty for the first page. */
  static OptionalLong parse(String token) {
    if (token.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        long id = Long.parseLong(text.substring(PREFIX.length()));
        if (id > 0) {
          return OptionalLong.of(id);
        }
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException and bad Base64 both land here: reported below.
    }
    throw new InvalidSpecException("page_token", "not a token this service issued");
  }

  /** Page size 0 means 100; at most 1000. */
  static int pageSize(int requested) {
    if (requested == 0) {
      return 100;
    }
    if (Integer.compareUnsigned(requested, 1000) > 0) {
      throw new InvalidSpecException(
          "page_size", "must be in 0..1000, was " + Integer.toUnsignedString(requested));
    }
    return requested;
  }
}
