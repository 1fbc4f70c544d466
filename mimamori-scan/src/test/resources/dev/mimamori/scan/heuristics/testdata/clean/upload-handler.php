<?php
$dir = __DIR__ . '/uploads';
if (isset($_FILES['image']) && $_FILES['image']['error'] === UPLOAD_ERR_OK) {
    $name = bin2hex(random_bytes(8)) . '.jpg';
    move_uploaded_file($_FILES['image']['tmp_name'], $dir . '/' . basename($name));
    exec('convert ' . escapeshellarg($dir . '/' . $name) . ' -resize 200x200 ' . escapeshellarg($dir . '/t_' . $name));
}
