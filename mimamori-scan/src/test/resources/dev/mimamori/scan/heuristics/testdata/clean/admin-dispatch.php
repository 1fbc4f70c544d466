<?php
$pages = array('dashboard' => 'render_dashboard', 'orders' => 'render_orders');
$page = isset($_GET['page']) ? $_GET['page'] : 'dashboard';
if (isset($pages[$page])) {
    call_user_func($pages[$page]);
}
$limit = (int) $_GET['limit'];
$rows = array_map('intval', (array) $_POST['ids']);
