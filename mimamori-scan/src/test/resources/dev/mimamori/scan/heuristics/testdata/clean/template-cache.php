<?php
/**
 * A template engine's cache: compiled templates are PHP, loaded with eval when the cache
 * directory is not writable.
 */
final class TemplateCache
{
    private $dir;

    public function __construct($dir)
    {
        $this->dir = $dir;
    }

    public function load($name, $compiled)
    {
        $file = $this->dir . '/' . md5($name) . '.php';
        if (is_file($file)) {
            require $file;
            return;
        }
        eval('?>' . $compiled);
    }
}
