<?php
/**
 * Stores widget settings the way many plugins do: serialized, then base64 for safe transport.
 */
function example_save_settings(array $settings)
{
    $encoded = base64_encode(serialize($settings));
    update_option('example_settings', $encoded);
}

function example_load_settings()
{
    $raw = get_option('example_settings', '');
    $settings = $raw === '' ? array() : unserialize(base64_decode($raw), array('allowed_classes' => false));
    return is_array($settings) ? $settings : array();
}

if (isset($_POST['example_nonce']) && wp_verify_nonce($_POST['example_nonce'], 'example')) {
    example_save_settings(array('title' => sanitize_text_field($_POST['title'])));
}
