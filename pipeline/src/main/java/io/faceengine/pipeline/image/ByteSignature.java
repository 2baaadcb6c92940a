package io.faceengine.pipeline.image;

/** Describes the first bytes of unrecognised input, so a user can tell what the file really is. */
final class ByteSignature {
    private static final int SHOWN_BYTES = 8;

    private ByteSignature() {
    }

    static String describe(byte[] bytes) {
        int n = Math.min(SHOWN_BYTES, bytes.length);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            if (i > 0) {
                hex.append(' ');
            }
            hex.append(String.format("%02X", b));
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return bytes.length + " bytes starting " + hex + " \"" + text + "\"";
    }
}
