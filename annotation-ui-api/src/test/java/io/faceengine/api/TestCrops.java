package io.faceengine.api;

import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.CropArchives;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Crop archives laid out as the publish step writes them, with real (small, drawn) JPEG crops. */
final class TestCrops {
    private TestCrops() {
    }

    /** A face id as the engine makes them: an image's SHA-256 and a detection index. */
    static String faceId(String image, int index) {
        return ContentIds.faceId(ContentIds.sha256Hex(image.getBytes(StandardCharsets.UTF_8)), index);
    }

    /** A 112x112 JPEG, different per seed. */
    static byte[] jpeg(int seed) {
        BufferedImage image = new BufferedImage(112, 112, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(seed * 40 % 256, seed * 90 % 256, seed * 150 % 256));
        g.fillRect(0, 0, 112, 112);
        g.setColor(Color.WHITE);
        g.fillOval(20 + seed % 30, 20, 60, 72);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Writes archive {@code part} of a run's crops under {@code dataRoot}: stored entries named by face id. */
    static Path writeArchive(Path dataRoot, String runId, int part, Map<String, byte[]> crops) throws IOException {
        Path folder = Files.createDirectories(dataRoot.resolve("runs").resolve(runId).resolve(CropArchives.FOLDER));
        Path file = folder.resolve(CropArchives.partName(part));
        try (OutputStream out = Files.newOutputStream(file)) {
            writeZip(out, crops, true);
        }
        return file;
    }

    /** Entries named as given when {@code asFaceIds} is false (to plant odd names). */
    static void writeZip(OutputStream out, Map<String, byte[]> entries, boolean asFaceIds) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] bytes = e.getValue();
                ZipEntry entry = new ZipEntry(asFaceIds ? CropArchives.entryName(e.getKey()) : e.getKey());
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
    }
}
