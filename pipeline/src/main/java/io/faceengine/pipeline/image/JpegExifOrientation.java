package io.faceengine.pipeline.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/** Reads the EXIF orientation tag from the APP1 "Exif" segment of a JPEG. */
final class JpegExifOrientation {

    static final int NOT_ROTATED = 1;

    private JpegExifOrientation() {
    }

    /**
     * The orientation from IFD0, {@link #NOT_ROTATED} when the file has no EXIF segment or no
     * orientation tag.
     *
     * @throws IOException      the segment list or the EXIF block is damaged
     * @throws RuntimeException the metadata library tripped over damaged data
     */
    static int read(byte[] jpeg) throws IOException {
        List<JPEGSegment> exifSegments;
        try (ImageInputStream stream = new ByteArrayImageStream(jpeg)) {
            exifSegments = JPEGSegmentUtil.readSegments(stream, JPEG.APP1, "Exif");
        }
        if (exifSegments.isEmpty()) {
            return NOT_ROTATED;
        }
        Directory ifd0 = firstDirectory(readTiffStructure(exifSegments.get(0)));
        Entry orientation = ifd0 == null ? null : ifd0.getEntryById(TIFF.TAG_ORIENTATION);
        if (orientation == null || !(orientation.getValue() instanceof Number value)) {
            return NOT_ROTATED;
        }
        return value.intValue();
    }

    private static Directory readTiffStructure(JPEGSegment exif) throws IOException {
        try (InputStream data = exif.data()) {
            byte[] payload = data.readAllBytes();
            // The identifier is "Exif" followed by two NULs; the segment reader strips only the first.
            int start = payload.length > 0 && payload[0] == 0 ? 1 : 0;
            try (ImageInputStream tiff = new ByteArrayImageStream(Arrays.copyOfRange(payload, start, payload.length))) {
                return new TIFFReader().read(tiff);
            }
        }
    }

    private static Directory firstDirectory(Directory directory) {
        if (directory instanceof CompoundDirectory compound) {
            return compound.directoryCount() > 0 ? compound.getDirectory(0) : null;
        }
        return directory;
    }
}
