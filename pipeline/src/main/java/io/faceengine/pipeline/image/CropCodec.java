package io.faceengine.pipeline.image;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.awt.image.BufferedImage;

/**
 * Stores aligned crops as JPEG bytes and reads them back. The crops are images this project
 * wrote itself, so a failure here is a bug or a damaged table, not user input.
 */
public final class CropCodec {
    private CropCodec() {
    }

    public static byte[] encode(RgbImage crop, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            BufferedImage rgb = new BufferedImage(crop.width(), crop.height(), BufferedImage.TYPE_3BYTE_BGR);
            rgb.setData(crop.toBufferedImage().getData());
            writer.write(null, new IIOImage(rgb, null, null), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a face crop as JPEG", e);
        } finally {
            writer.dispose();
        }
    }

    public static RgbImage decode(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (image == null) {
                throw new IllegalStateException("stored face crop is not a readable JPEG (" + jpeg.length + " bytes)");
            }
            return RgbImage.fromBufferedImage(image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a stored face crop", e);
        }
    }
}
