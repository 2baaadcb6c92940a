package io.faceengine.pipeline.image;

import java.util.Locale;
import java.util.Optional;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The formats the decoder accepts. Other readers on the class path (WBMP, plug-ins pulled in by
 * other libraries) may recognise bytes too; those are refused rather than decoded, so behaviour
 * does not depend on what else happens to be installed.
 */
enum SupportedFormat {
    JPEG("jpeg"),
    PNG("png"),
    BMP("bmp"),
    GIF("gif"),
    WEBP("webp"),
    TIFF("tiff");

    private final String readerFormatName;

    SupportedFormat(String readerFormatName) {
        this.readerFormatName = readerFormatName;
    }

    /** The lower-case name reported in {@link DecodedImage#format()}. */
    String displayName() {
        return readerFormatName;
    }

    static Optional<SupportedFormat> of(ImageReaderSpi provider) {
        String[] names = provider.getFormatNames();
        if (names == null) {
            return Optional.empty();
        }
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (SupportedFormat format : values()) {
                if (format.readerFormatName.equals(lower)) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }

    /** Best human name for a reader's format, for messages about formats we refuse. */
    static String describe(ImageReaderSpi provider) {
        String[] names = provider.getFormatNames();
        return names == null || names.length == 0 ? provider.getDescription(Locale.ROOT) : names[0].toUpperCase(Locale.ROOT);
    }

    static String listAll() {
        StringBuilder list = new StringBuilder();
        for (SupportedFormat format : values()) {
            if (list.length() > 0) {
                list.append(", ");
            }
            list.append(format.name());
        }
        return list.toString();
    }
}
