package io.faceengine.pipeline.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.util.function.Supplier;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Makes sure the extra JPEG and WebP readers are registered. The image I/O registry discovers
 * plug-ins once, through whichever class loader is current the first time anything touches it;
 * on a cluster executor that may be a loader that cannot see our jars, and then CMYK JPEGs and
 * all WebPs would fail. Registering by class does not depend on that.
 */
final class ImageReaderPlugins {

    private ImageReaderPlugins() {
    }

    static void ensureRegistered() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registerIfAbsent(registry, JPEGImageReaderSpi.class, JPEGImageReaderSpi::new);
        registerIfAbsent(registry, WebPImageReaderSpi.class, WebPImageReaderSpi::new);
    }

    private static <T extends ImageReaderSpi> void registerIfAbsent(
            IIORegistry registry, Class<T> providerClass, Supplier<T> constructor) {
        synchronized (ImageReaderPlugins.class) {
            if (registry.getServiceProviderByClass(providerClass) == null) {
                registry.registerServiceProvider(constructor.get());
            }
        }
    }
}
